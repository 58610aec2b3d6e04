Include "self_include.cfg.lua"
