# Policies on the Terraform HCL itself (conftest parses .tf files as HCL2), so they run
# without providers or credentials. Tested by terraform_test.rego (conftest verify).
package main

import rego.v1

# A block's bodies: HCL2 parsers give a labelled block either as a list of bodies or as one.
bodies(x) := x if is_array(x)

bodies(x) := [x] if is_object(x)

resources(type) := [r |
	some name
	some r in bodies(object.get(object.get(input, "resource", {}), type, {})[name])
]

named_resources(type) := {name |
	some name
	object.get(object.get(input, "resource", {}), type, {})[name]
}

# State backends must encrypt.
deny contains msg if {
	some tf in bodies(object.get(input, "terraform", []))
	some backend in bodies(object.get(object.get(tf, "backend", {}), "s3", []))
	not backend.encrypt == true
	msg := "the S3 state backend must set encrypt = true"
}

deny contains msg if {
	some tf in bodies(object.get(input, "terraform", []))
	some backend in bodies(object.get(object.get(tf, "backend", {}), "s3", []))
	not backend.kms_key_id
	msg := "the S3 state backend must name a KMS key (kms_key_id)"
}

# No public S3: no public ACL, every bucket has a full public access block.
deny contains msg if {
	some bucket in resources("aws_s3_bucket")
	bucket.acl in {"public-read", "public-read-write", "authenticated-read"}
	msg := sprintf("S3 bucket %v must not have a public ACL", [bucket.bucket])
}

deny contains msg if {
	some block in resources("aws_s3_bucket_public_access_block")
	some setting in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]
	not block[setting] == true
	msg := sprintf("S3 public access block must set %v = true", [setting])
}

deny contains msg if {
	some name in named_resources("aws_s3_bucket")
	not name in named_resources("aws_s3_bucket_public_access_block")
	msg := sprintf("S3 bucket %v needs an aws_s3_bucket_public_access_block of the same name", [name])
}

deny contains msg if {
	some name in named_resources("aws_s3_bucket")
	not name in named_resources("aws_s3_bucket_server_side_encryption_configuration")
	msg := sprintf("S3 bucket %v needs server-side encryption (aws_s3_bucket_server_side_encryption_configuration)", [name])
}

# No ingress from anywhere, except the load balancer's HTTP(S) listeners. Our ALBs are made by
# the AWS Load Balancer Controller, so a rule allowing it must say so in its description.
open_ingress(rule) if rule.cidr_ipv4 == "0.0.0.0/0"

open_ingress(rule) if rule.cidr_ipv6 == "::/0"

open_ingress(rule) if "0.0.0.0/0" in object.get(rule, "cidr_blocks", [])

lb_listener(rule) if {
	startswith(object.get(rule, "description", ""), "ALB ")
	rule.from_port in {80, 443}
	rule.to_port == rule.from_port
}

deny contains msg if {
	some rule in resources("aws_vpc_security_group_ingress_rule")
	open_ingress(rule)
	not lb_listener(rule)
	msg := sprintf("ingress from anywhere is only for the load balancer's 80/443: %v", [object.get(rule, "description", "(no description)")])
}

deny contains msg if {
	some rule in resources("aws_security_group_rule")
	rule.type == "ingress"
	open_ingress(rule)
	not lb_listener(rule)
	msg := "ingress from anywhere is only for the load balancer's 80/443"
}

deny contains msg if {
	some group in resources("aws_security_group")
	some rule in bodies(object.get(group, "ingress", []))
	open_ingress(rule)
	not lb_listener(rule)
	msg := sprintf("security group %v: ingress from anywhere is only for the load balancer's 80/443", [group.name])
}

# The EKS API is never open to the whole internet.
deny contains msg if {
	some cluster in resources("aws_eks_cluster")
	some vpc in bodies(cluster.vpc_config)
	"0.0.0.0/0" in object.get(vpc, "public_access_cidrs", [])
	msg := "the EKS API endpoint must not be public to 0.0.0.0/0"
}

# Data stores encrypt in transit and at rest.
deny contains msg if {
	some group in resources("aws_elasticache_replication_group")
	some setting in ["at_rest_encryption_enabled", "transit_encryption_enabled"]
	not group[setting] == true
	msg := sprintf("ElastiCache %v must set %v = true", [group.replication_group_id, setting])
}

# Cost allocation: every AWS provider tags what it creates, directly or through a local.
provider_tags(provider) := tags if {
	some block in bodies(provider.default_tags)
	tags := block.tags
	is_object(tags)
}

provider_tags(provider) := tags if {
	some block in bodies(provider.default_tags)
	is_string(block.tags)
	name := trim_suffix(trim_prefix(block.tags, "${local."), "}")
	some locals in bodies(object.get(input, "locals", []))
	tags := locals[name]
}

has_tag(provider, tag) if provider_tags(provider)[tag]

deny contains msg if {
	some provider in bodies(object.get(object.get(input, "provider", {}), "aws", []))
	some tag in ["Project", "CostCenter", "ManagedBy"]
	not has_tag(provider, tag)
	msg := sprintf("provider aws needs default_tags with %v", [tag])
}
