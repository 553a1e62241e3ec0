package main

import rego.v1

# Inputs in the shape conftest's HCL2 parser gives: labelled blocks map label -> list of bodies.

test_encrypted_backend_passes if {
	count(deny) == 0 with input as {"terraform": [{"backend": {"s3": [{"encrypt": true, "kms_key_id": "alias/state"}]}}]}
}

test_unencrypted_backend_is_denied if {
	"the S3 state backend must set encrypt = true" in deny with input as {"terraform": [{"backend": {"s3": [{"kms_key_id": "alias/state"}]}}]}
}

bucket := {"state": [{"bucket": "state"}]}

full_block := {"state": [{
	"bucket": "${aws_s3_bucket.state.id}",
	"block_public_acls": true,
	"block_public_policy": true,
	"ignore_public_acls": true,
	"restrict_public_buckets": true,
}]}

sse := {"state": [{"bucket": "${aws_s3_bucket.state.id}"}]}

test_private_bucket_passes if {
	count(deny) == 0 with input as {"resource": {
		"aws_s3_bucket": bucket,
		"aws_s3_bucket_public_access_block": full_block,
		"aws_s3_bucket_server_side_encryption_configuration": sse,
	}}
}

test_bucket_without_public_access_block_is_denied if {
	count(deny) == 1 with input as {"resource": {"aws_s3_bucket": bucket, "aws_s3_bucket_server_side_encryption_configuration": sse}}
}

test_partial_public_access_block_is_denied if {
	partial := {"state": [object.union(full_block.state[0], {"restrict_public_buckets": false})]}
	"S3 public access block must set restrict_public_buckets = true" in deny with input as {"resource": {
		"aws_s3_bucket": bucket,
		"aws_s3_bucket_public_access_block": partial,
		"aws_s3_bucket_server_side_encryption_configuration": sse,
	}}
}

test_public_acl_is_denied if {
	count(deny) > 0 with input as {"resource": {
		"aws_s3_bucket": {"state": [{"bucket": "state", "acl": "public-read"}]},
		"aws_s3_bucket_public_access_block": full_block,
		"aws_s3_bucket_server_side_encryption_configuration": sse,
	}}
}

rule(description, port) := {"resource": {"aws_vpc_security_group_ingress_rule": {"r": [{
	"description": description,
	"cidr_ipv4": "0.0.0.0/0",
	"from_port": port,
	"to_port": port,
}]}}}

test_alb_https_from_anywhere_passes if count(deny) == 0 with input as rule("ALB HTTPS", 443)

test_ssh_from_anywhere_is_denied if count(deny) == 1 with input as rule("SSH", 22)

test_alb_labelled_ssh_is_denied if count(deny) == 1 with input as rule("ALB but SSH", 22)

test_legacy_inline_ingress_is_denied if {
	count(deny) == 1 with input as {"resource": {"aws_security_group": {"g": [{
		"name": "g",
		"ingress": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 5432, "to_port": 5432}],
	}]}}}
}

test_public_eks_api_is_denied if {
	count(deny) == 1 with input as {"resource": {"aws_eks_cluster": {"c": [{"vpc_config": [{"public_access_cidrs": ["0.0.0.0/0"]}]}]}}}
}

test_unencrypted_redis_is_denied if {
	count(deny) == 1 with input as {"resource": {"aws_elasticache_replication_group": {"r": [{
		"replication_group_id": "bus",
		"at_rest_encryption_enabled": true,
		"transit_encryption_enabled": false,
	}]}}}
}

test_provider_tags_through_a_local_pass if {
	count(deny) == 0 with input as {
		"provider": {"aws": [{"default_tags": [{"tags": "${local.tags}"}]}]},
		"locals": [{"tags": {"Project": "studysync", "CostCenter": "x", "ManagedBy": "terraform"}}],
	}
}

test_provider_without_cost_tags_is_denied if {
	"provider aws needs default_tags with CostCenter" in deny with input as {"provider": {"aws": [{"default_tags": [{"tags": {"Project": "studysync", "ManagedBy": "terraform"}}]}]}}
}
