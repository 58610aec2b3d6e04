-- Loads a configuration with Prosody's own core.configmanager and prints what prosodyctl would
-- see: one line per section, sorted by name, then the global data_path.
--
-- Usage: lua5.4 dump-config.lua PROSODY_SOURCE_DIR CONFIG_FILE
-- Each HOST line is HOST TAB name TAB component_module TAB enabled TAB authentication TAB
-- password_hash TAB storage TAB default_storage, each value as config.get(host, option) returns
-- it: nil, a string, a boolean, or a table shown as {key=value,...} with sorted keys.
-- A failed load prints one line, ERROR TAB level TAB message, and exits with status 1.

local source, file = arg[1], arg[2]
package.path = source .. "/?.lua;" .. package.path
package.cpath = source .. "/?.so;" .. package.cpath

local config = require "core.configmanager"

local ok, level, err = config.load(file)
if not ok then
	print("ERROR\t" .. tostring(level) .. "\t" .. tostring(err):gsub("\n", " "))
	os.exit(1)
end

local function show(value)
	if type(value) ~= "table" then
		return tostring(value)
	end
	local entries = {}
	for key, item in pairs(value) do
		entries[#entries + 1] = tostring(key) .. "=" .. tostring(item)
	end
	table.sort(entries)
	return "{" .. table.concat(entries, ",") .. "}"
end

local names = {}
for name in pairs(config.getconfig()) do
	if name ~= "*" then
		names[#names + 1] = name
	end
end
table.sort(names)

local options = { "component_module", "enabled", "authentication", "password_hash", "storage", "default_storage" }
for _, name in ipairs(names) do
	local fields = { "HOST", name }
	for _, option in ipairs(options) do
		fields[#fields + 1] = show(config.get(name, option))
	end
	print(table.concat(fields, "\t"))
end
print("GLOBAL\tdata_path\t" .. show(config.get("*", "data_path")))
