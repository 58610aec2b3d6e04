-- Test helper run by ProsodyLuaLoader: loads data files with Prosody's own loader and
-- serializer, and prints every result as a typed dump that Java parses back.
--
-- Usage: lua5.4 prosody_loader.lua PROSODY_DIR < requests > responses
--
-- Values in both directions use one format, binary-safe and unambiguous:
--   N                nil
--   T / F            true / false
--   i<decimal>;      integer
--   f<16 hex>        float, the big-endian bytes of the IEEE 754 double
--   s<length>:<raw>  string, any bytes
--   t<count>:        table, followed by count pairs of key and value
--   l<count>:        list of values (the items of a .list file)
--
-- Requests, read from standard input until its end:
--   Ld<string>  load a .dat file as datamanager.load does: envloadfile(path, {}) and pcall
--   Ll<string>  load a .list file as datamanager.list_load does
--   S<value>    serialize with util.serialization, wrapped as datamanager.store does
--   R<string>   load a .dat file as Ld does, then serialize the value as S does
--   G<value>    format a number with string.format("%.18g")
-- Each request gives one response: V<value> for a loaded value, l... for a list, s... for
-- a string, or E<string> with the error message.

local prosody_dir = assert(arg[1], "usage: lua5.4 prosody_loader.lua PROSODY_DIR")
package.path = prosody_dir .. "/?.lua;" .. package.path
package.cpath = prosody_dir .. "/?.so;" .. package.cpath

local envloadfile = require "util.envload".envloadfile
local serialize = require "util.serialization".serialize
local t_insert = table.insert

local out = {}

local function emit(text)
	out[#out + 1] = text
end

local function dump(value)
	local kind = type(value)
	if value == nil then
		emit("N")
	elseif kind == "boolean" then
		emit(value and "T" or "F")
	elseif kind == "number" then
		if math.type(value) == "integer" then
			emit(string.format("i%d;", value))
		else
			local bytes = string.pack(">d", value)
			emit("f" .. (bytes:gsub(".", function(c) return string.format("%02x", c:byte()) end)))
		end
	elseif kind == "string" then
		emit("s" .. #value .. ":" .. value)
	elseif kind == "table" then
		local count = 0
		for _ in pairs(value) do
			count = count + 1
		end
		emit("t" .. count .. ":")
		for k, v in pairs(value) do
			dump(k)
			dump(v)
		end
	else
		error("cannot dump a value of type " .. kind)
	end
end

local function emit_error(message)
	emit("E")
	dump(tostring(message))
end

local function parse(input, pos)
	local tag = input:sub(pos, pos)
	if tag == "N" then
		return nil, pos + 1
	elseif tag == "T" then
		return true, pos + 1
	elseif tag == "F" then
		return false, pos + 1
	elseif tag == "i" then
		local stop = input:find(";", pos, true)
		return math.tointeger(tonumber(input:sub(pos + 1, stop - 1))), stop + 1
	elseif tag == "f" then
		local hex = input:sub(pos + 1, pos + 16)
		local bytes = hex:gsub("..", function(h) return string.char(tonumber(h, 16)) end)
		return (string.unpack(">d", bytes)), pos + 17
	elseif tag == "s" then
		local colon = input:find(":", pos, true)
		local length = tonumber(input:sub(pos + 1, colon - 1))
		return input:sub(colon + 1, colon + length), colon + length + 1
	elseif tag == "t" then
		local colon = input:find(":", pos, true)
		local count = tonumber(input:sub(pos + 1, colon - 1))
		local result = {}
		pos = colon + 1
		for _ = 1, count do
			local key, value
			key, pos = parse(input, pos)
			value, pos = parse(input, pos)
			result[key] = value
		end
		return result, pos
	end
	error("bad value tag '" .. tag .. "' at byte " .. pos)
end

local function load_dat(path)
	local chunk, err = envloadfile(path, {})
	if not chunk then
		return emit_error(err)
	end
	local ok, result = pcall(chunk)
	if not ok then
		return emit_error(result)
	end
	emit("V")
	dump(result)
end

local function load_list(path)
	local items = {}
	local chunk, err = envloadfile(path, { item = function(i) t_insert(items, i) end })
	if not chunk then
		return emit_error(err)
	end
	local ok, result = pcall(chunk)
	if not ok then
		return emit_error(result)
	end
	emit("l" .. #items .. ":")
	for i = 1, #items do
		dump(items[i])
	end
end

local function reserialize_dat(path)
	local chunk, err = envloadfile(path, {})
	if not chunk then
		return emit_error(err)
	end
	local ok, result = pcall(chunk)
	if not ok then
		return emit_error(result)
	end
	local serialized, text = pcall(serialize, result)
	if not serialized then
		return emit_error(text)
	end
	dump("return " .. text .. ";\n")
end

local input = io.read("a")
local pos = 1
while pos <= #input do
	local request = input:sub(pos, pos)
	if request == "L" then
		local kind = input:sub(pos + 1, pos + 1)
		local path
		path, pos = parse(input, pos + 2)
		if kind == "d" then
			load_dat(path)
		else
			load_list(path)
		end
	elseif request == "R" then
		local path
		path, pos = parse(input, pos + 1)
		reserialize_dat(path)
	elseif request == "S" then
		local value
		value, pos = parse(input, pos + 1)
		local ok, text = pcall(serialize, value)
		if ok then
			dump("return " .. text .. ";\n")
		else
			emit_error(text)
		end
	elseif request == "G" then
		local value
		value, pos = parse(input, pos + 1)
		dump(string.format("%.18g", value))
	else
		error("bad request '" .. request .. "' at byte " .. pos)
	end
end
io.write(table.concat(out))
