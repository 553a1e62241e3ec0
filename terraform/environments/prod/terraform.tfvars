environment         = "prod"
region              = "us-east-1"
azs                 = ["us-east-1a", "us-east-1b"]
vpc_cidr            = "10.30.0.0/16"
single_nat_gateway  = false
elasticache_redis   = true
atlas_region        = "US_EAST_1"
atlas_instance_size = "M30"
node_instance_types = ["m6i.large"]
node_capacity_type  = "ON_DEMAND"
node_scaling        = { min = 3, desired = 3, max = 10 }
log_retention_days  = 90
cost_center         = "studysync-prod"
