VirtualHost "a.example"
  authentication = "internal_hashed"
  storage = { accounts = "internal" }
Component "c.a.example" "muc"
  modules_enabled = { "x" }
data_path = ENV_PROSODY_FUZZ .. "/data"
