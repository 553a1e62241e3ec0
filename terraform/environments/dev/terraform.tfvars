environment         = "dev"
region              = "us-east-1"
azs                 = ["us-east-1a", "us-east-1b"]
vpc_cidr            = "10.10.0.0/16"
single_nat_gateway  = true
elasticache_redis   = false
atlas_region        = "US_EAST_1"
atlas_instance_size = "M10"
node_instance_types = ["t3.large"]
node_capacity_type  = "SPOT"
node_scaling        = { min = 1, desired = 2, max = 3 }
log_retention_days  = 14
cost_center         = "studysync-dev"
