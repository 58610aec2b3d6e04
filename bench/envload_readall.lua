-- Loads every *.dat file of a folder with Prosody's own loader, as util.datamanager does:
-- envloadfile with an empty environment, then pcall, then one field is checked.
-- Usage: lua5.4 envload_readall.lua DIR
package.path = "/usr/lib/prosody/?.lua;" .. package.path
package.cpath = "/usr/lib/prosody/?.so;" .. package.cpath
local envloadfile = require "util.envload".envloadfile
local lfs = require "lfs"

local dir = arg[1]
local files, hashed = 0, 0
for name in lfs.dir(dir) do
  if name:sub(-4) == ".dat" then
    local f = envloadfile(dir .. "/" .. name, {})
    if f then
      local ok, data = pcall(f)
      if ok and type(data) == "table" and data.stored_key then
        hashed = hashed + 1
      end
    end
    files = files + 1
  end
end
print(files .. " files " .. hashed .. " hashed")
