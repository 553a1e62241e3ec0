environment         = "staging"
region              = "us-east-1"
azs                 = ["us-east-1a", "us-east-1b"]
vpc_cidr            = "10.20.0.0/16"
single_nat_gateway  = true
elasticache_redis   = true
atlas_region        = "US_EAST_1"
atlas_instance_size = "M10"
node_instance_types = ["t3.large"]
node_capacity_type  = "ON_DEMAND"
node_scaling        = { min = 2, desired = 2, max = 4 }
log_retention_days  = 30
cost_center         = "studysync-staging"
