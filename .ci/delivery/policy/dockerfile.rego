# What the image must be, checked on the Dockerfile (conftest --parser dockerfile).
package dockerfile

import rego.v1

# conftest gives one file as a list of instructions (some versions nest it once more).
instructions := [i | some x in input; is_array(x); some i in x] if is_array(input[0])

instructions := input if not is_array(input[0])

stages := {i.Stage | some i in instructions}

last_stage := max(stages)

final := [i | some i in instructions; i.Stage == last_stage]

cmds(list, name) := [i | some i in list; i.Cmd == name]

deny contains "the final stage must set USER to a numeric non-root uid" if {
	users := cmds(final, "user")
	count(users) == 0
}

deny contains msg if {
	some user in cmds(final, "user")
	uid := split(user.Value[0], ":")[0]
	not regex.match(`^[1-9][0-9]*$`, uid)
	msg := sprintf("USER %v: use a numeric uid other than 0, so Kubernetes can verify runAsNonRoot", [user.Value[0]])
}

deny contains "the final stage needs a HEALTHCHECK" if count(cmds(final, "healthcheck")) == 0

production_env if {
	some env in cmds(final, "env")
	some i, v in env.Value
	v == "NODE_ENV"
	env.Value[i + 1] == "production"
}

deny contains "the final stage must set NODE_ENV=production" if not production_env

deny contains "the image must start the compiled server with node (no tsx, no npm at start)" if {
	some cmd in cmds(final, "cmd")
	not cmd.Value[0] == "node"
}

deny contains "the image must start the compiled server with node (no tsx, no npm at start)" if {
	some cmd in cmds(final, "cmd")
	some v in cmd.Value
	contains(v, "tsx")
}

deny contains msg if {
	some from in cmds(instructions, "from")
	image := from.Value[0]
	not startswith(image, "$")
	not contains(image, ":")
	msg := sprintf("FROM %v: pin a tag", [image])
}

deny contains msg if {
	some from in cmds(instructions, "from")
	endswith(from.Value[0], ":latest")
	msg := sprintf("FROM %v: pin a tag other than latest", [from.Value[0]])
}

deny contains "ADD fetches or unpacks implicitly; use COPY" if count(cmds(instructions, "add")) > 0
