setmetatable(_G, nil)
rawset(_G, "os", nil)
