# tflint's bundled Terraform ruleset, every rule on (the AWS ruleset plugin is not
# downloadable in CI; provider-specific checks come from the conftest policies in policy/).
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}
