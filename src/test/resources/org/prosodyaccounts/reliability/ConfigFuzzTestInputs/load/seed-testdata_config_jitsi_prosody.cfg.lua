-- Prosody configuration in the shape Debian's prosody package installs it, as a Jitsi Meet
-- server has it after jitsi-meet-prosody is installed: global options, a VirtualHost for
-- localhost, and the Include line that pulls in conf.d/ at the end.

admins = { }

plugin_paths = { }

modules_enabled = {
	"disco";
	"roster";
	"saslauth";
	"tls";
	"blocklist";
	"bookmarks";
	"carbons";
	"dialback";
	"limits";
	"pep";
	"private";
	"smacks";
	"vcard4";
	"vcard_legacy";
	"cloud_notify";
	"csi_simple";
	"invites";
	"invites_adhoc";
	"invites_register";
	"ping";
	"register";
	"time";
	"uptime";
	"version";
	"admin_adhoc";
	"admin_shell";
}

modules_disabled = {
	-- "offline";
}

allow_registration = false

c2s_require_encryption = true
s2s_require_encryption = true
s2s_secure_auth = false

limits = {
	c2s = {
		rate = "10kb/s";
	};
	s2sin = {
		rate = "30kb/s";
	};
}

pidfile = "/run/prosody/prosody.pid"

authentication = "internal_hashed"

archive_expires_after = "1w"

data_path = "/var/lib/prosody"

log = {
	info = "/var/log/prosody/prosody.log";
	error = "/var/log/prosody/prosody.err";
	-- "*syslog";
}

certificates = "certs"

VirtualHost "localhost"

Include "conf.d/*.cfg.lua"
