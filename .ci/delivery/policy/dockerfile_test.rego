package dockerfile

import rego.v1

good := [
	{"Cmd": "from", "Value": ["${NODE_IMAGE}", "AS", "build"], "Stage": 0},
	{"Cmd": "from", "Value": ["${NODE_IMAGE}", "AS", "runtime"], "Stage": 1},
	{"Cmd": "env", "Value": ["NODE_ENV", "production"], "Stage": 1},
	{"Cmd": "user", "Value": ["10001:10001"], "Stage": 1},
	{"Cmd": "healthcheck", "Value": ["CMD", "node"], "Stage": 1},
	{"Cmd": "cmd", "Value": ["node", "apps/server/dist/main.js"], "Stage": 1},
]

test_good_image_passes if count(deny) == 0 with input as good

test_root_user_is_denied if {
	bad := array.concat([i | some i in good; i.Cmd != "user"], [{"Cmd": "user", "Value": ["root"], "Stage": 1}])
	count(deny) > 0 with input as bad
}

test_missing_user_is_denied if {
	count(deny) > 0 with input as [i | some i in good; i.Cmd != "user"]
}

test_user_in_build_stage_only_is_denied if {
	bad := array.concat([i | some i in good; i.Cmd != "user"], [{"Cmd": "user", "Value": ["10001"], "Stage": 0}])
	count(deny) > 0 with input as bad
}

test_tsx_at_start_is_denied if {
	bad := array.concat([i | some i in good; i.Cmd != "cmd"], [{"Cmd": "cmd", "Value": ["npx", "tsx", "src/main.ts"], "Stage": 1}])
	count(deny) > 0 with input as bad
}

test_latest_base_is_denied if {
	latest := array.concat([{"Cmd": "from", "Value": ["node:latest"], "Stage": 0}], good)
	"FROM node:latest: pin a tag other than latest" in deny with input as latest
}
