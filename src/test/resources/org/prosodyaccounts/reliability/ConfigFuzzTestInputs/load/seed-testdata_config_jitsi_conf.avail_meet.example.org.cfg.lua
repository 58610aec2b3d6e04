-- Jitsi Meet's Prosody configuration for meet.example.org, in the layout the jitsi-meet-prosody
-- package writes to /etc/prosody/conf.avail/ and links from conf.d/.
plugin_paths = { "/usr/share/jitsi-meet/prosody-plugins/" }

-- The domain mapper needs at least the base domain.
muc_mapper_domain_base = "meet.example.org";

external_service_secret = "example-turn-secret";
external_services = {
	{ type = "stun", host = "meet.example.org", port = 3478 },
	{ type = "turn", host = "meet.example.org", port = 3478, transport = "udp", secret = true, ttl = 86400, algorithm = "turn" },
	{ type = "turns", host = "meet.example.org", port = 5349, transport = "tcp", secret = true, ttl = 86400, algorithm = "turn" }
};

cross_domain_bosh = false;
consider_bosh_secure = true;
https_ports = { };

unlimited_jids = {
	"focus@auth.meet.example.org",
	"jvb@auth.meet.example.org"
}

VirtualHost "meet.example.org"
	authentication = "jitsi-anonymous"
	ssl = {
		key = "/etc/prosody/certs/meet.example.org.key";
		certificate = "/etc/prosody/certs/meet.example.org.crt";
	}
	av_moderation_component = "avmoderation.meet.example.org"
	speakerstats_component = "speakerstats.meet.example.org"
	conference_duration_component = "conferenceduration.meet.example.org"
	modules_enabled = {
		"bosh";
		"websocket";
		"smacks";
		"pubsub";
		"ping";
		"speakerstats";
		"external_services";
		"conference_duration";
		"muc_lobby_rooms";
		"muc_breakout_rooms";
		"av_moderation";
	}
	c2s_require_encryption = false
	lobby_muc = "lobby.meet.example.org"
	breakout_rooms_muc = "breakout.meet.example.org"
	main_muc = "conference.meet.example.org"

Component "conference.meet.example.org" "muc"
	restrict_room_creation = true
	storage = "memory"
	modules_enabled = {
		"muc_hide_all";
		"muc_meeting_id";
		"muc_domain_mapper";
		"polls";
		"muc_rate_limit";
	}
	admins = { "focus@auth.meet.example.org" }
	muc_room_locking = false
	muc_room_default_public_jids = true

Component "breakout.meet.example.org" "muc"
	restrict_room_creation = true
	storage = "memory"
	modules_enabled = { "muc_hide_all"; "muc_meeting_id"; "muc_domain_mapper"; "polls"; }
	admins = { "focus@auth.meet.example.org" }
	muc_room_locking = false
	muc_room_default_public_jids = true

-- Jicofo and the videobridges meet in this room.
Component "internal.auth.meet.example.org" "muc"
	storage = "memory"
	modules_enabled = { "muc_hide_all"; "ping"; }
	admins = { "focus@auth.meet.example.org", "jvb@auth.meet.example.org" }
	muc_room_locking = false
	muc_room_default_public_jids = true

VirtualHost "auth.meet.example.org"
	ssl = {
		key = "/etc/prosody/certs/auth.meet.example.org.key";
		certificate = "/etc/prosody/certs/auth.meet.example.org.crt";
	}
	modules_enabled = { "limits_exception"; "smacks"; }
	authentication = "internal_hashed"
	smacks_hibernation_time = 15;

-- Jibri's recorder account.
VirtualHost "recorder.meet.example.org"
	modules_enabled = { "smacks"; }
	authentication = "internal_hashed"

-- Guests join here when the main host requires authentication.
VirtualHost "guest.meet.example.org"
	authentication = "anonymous"
	c2s_require_encryption = false

-- Proxy to jicofo's user JID, so that jicofo need not register as a component.
Component "focus.meet.example.org" "client_proxy"
	target_address = "focus@auth.meet.example.org"

Component "speakerstats.meet.example.org" "speakerstats_component"
	muc_component = "conference.meet.example.org"

Component "conferenceduration.meet.example.org" "conference_duration_component"
	muc_component = "conference.meet.example.org"

Component "avmoderation.meet.example.org" "av_moderation_component"
	muc_component = "conference.meet.example.org"

Component "lobby.meet.example.org" "muc"
	storage = "memory"
	restrict_room_creation = true
	muc_room_locking = false
	muc_room_default_public_jids = true

-- Jigasi's SIP users, switched off until jigasi is installed.
VirtualHost "jigasi.meet.jitsi"
	enabled = false
	modules_enabled = { "ping"; "bosh"; }
	authentication = "token"
	app_id = "jitsi";
	asap_key_server = "https://jaas-public-keys.jitsi.net/jitsi-components/"
	asap_accepted_issuers = { "jaas-components" }
	asap_accepted_audiences = { "jigasi.meet.example.org" }
