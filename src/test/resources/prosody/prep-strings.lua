-- Prepares strings with Prosody's own util.encodings.stringprep (its ICU build on Debian).
--
-- Usage: lua5.4 prep-strings.lua PROSODY_SOURCE_DIR < cases
-- Each input line is PROFILE TAB STRICT TAB INPUT_HEX, where PROFILE is nodeprep, nameprep,
-- resourceprep or saslprep and STRICT is 1 or 0. Each output line is the result as hex, or
-- "rejected" when Prosody returns nil.

local source = arg[1]
package.cpath = source .. "/?.so;" .. package.cpath

local stringprep = require "util.encodings".stringprep

local function from_hex(s)
	return (s:gsub("..", function (pair) return string.char(tonumber(pair, 16)) end))
end

local function to_hex(s)
	return (s:gsub(".", function (c) return string.format("%02x", c:byte()) end))
end

local output = {}
for line in io.lines() do
	local profile, strict, input = line:match("^(%a+)\t([01])\t(%x*)$")
	local prep = stringprep[profile]
	if not prep then
		error("invalid case line: " .. line)
	end
	local result = prep(from_hex(input), strict == "1")
	output[#output + 1] = result and to_hex(result) or "rejected"
	if #output == 4096 then
		io.write(table.concat(output, "\n"), "\n")
		output = {}
	end
end
if #output > 0 then
	io.write(table.concat(output, "\n"), "\n")
end
