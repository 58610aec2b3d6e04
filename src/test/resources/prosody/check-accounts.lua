-- Checks account files with Prosody's own code: util.datamanager finds and loads the file by
-- user and host, and the password is tested as mod_auth_internal_plain and
-- mod_auth_internal_hashed do (SASLprep, then a clear-text comparison or SCRAM key derivation).
--
-- Usage: lua5.4 check-accounts.lua PROSODY_SOURCE_DIR DATA_PATH < cases
-- Each input line is HOST TAB USER TAB HASH TAB PASSWORD_HEX, where HASH is plain, SHA-1 or SHA-256
-- and the password is given as hex so that any byte can pass. Each output line is one of
-- OK, MISMATCH, DISABLED, MISSING, or ERROR followed by a reason, then TAB and the record's
-- fields as key=type pairs, sorted, where type is Lua's type (math.type for numbers).

local source, data_path = arg[1], arg[2]
package.path = source .. "/?.lua;" .. package.path
package.cpath = source .. "/?.so;" .. package.cpath

local datamanager = require "util.datamanager"
local hashes = require "util.hashes"
local scram = require "util.sasl.scram"
local saslprep = require "util.encodings".stringprep.saslprep
local hex = require "util.hex"

datamanager.set_data_path(data_path)

local hashers = {
	["SHA-1"] = scram.get_hash(hashes.sha1, hashes.hmac_sha1, hashes.pbkdf2_hmac_sha1),
	["SHA-256"] = scram.get_hash(hashes.sha256, hashes.hmac_sha256, hashes.pbkdf2_hmac_sha256),
}

local function from_hex(s)
	return (s:gsub("..", function (pair) return string.char(tonumber(pair, 16)) end))
end

local function describe(record)
	local fields = {}
	for key, value in pairs(record) do
		local kind = type(value)
		if kind == "number" then kind = math.type(value) end
		fields[#fields + 1] = tostring(key) .. "=" .. kind
	end
	table.sort(fields)
	return table.concat(fields, ",")
end

local function check(host, user, hash, password)
	local record, err = datamanager.load(user, host, "accounts")
	if err then return "ERROR " .. tostring(err), "" end
	if not record then return "MISSING", "" end
	local fields = describe(record)
	if record.disabled then return "DISABLED", fields end
	local prepped = saslprep(password)
	if not prepped then return "MISMATCH", fields end
	if hash == "plain" or (record.password and record.password ~= "") then
		local stored = record.password and saslprep(record.password)
		return (stored == prepped) and "OK" or "MISMATCH", fields
	end
	if type(record.iteration_count) ~= "number" or type(record.salt) ~= "string" then
		return "ERROR record has no usable salt and iteration_count", fields
	end
	local ok, stored_key, server_key = hashers[hash](prepped, record.salt, record.iteration_count)
	if not ok then return "ERROR " .. tostring(stored_key), fields end
	if hex.to(stored_key) == record.stored_key and hex.to(server_key) == record.server_key then
		return "OK", fields
	end
	return "MISMATCH", fields
end

for line in io.lines() do
	local host, user, hash, password_hex = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
	if not host then
		io.write("ERROR malformed input line\t\n")
	else
		local ok, status, fields = pcall(check, host, user, hash, from_hex(password_hex))
		if not ok then status, fields = "ERROR " .. tostring(status), "" end
		io.write(status, "\t", fields, "\n")
	end
end
