# The staging environment (its own AWS account): providers, cost allocation tags and this
# environment's values for the shared composition in modules/stack.
locals {
  environment = "staging"
  region      = "us-east-1"
  tags = {
    Project     = "studysync"
    Environment = local.environment
    CostCenter  = "studysync-staging"
    ManagedBy   = "terraform"
  }
}

provider "aws" {
  region = local.region
  # Cost allocation: every resource carries these (activate them in the Billing console).
  default_tags {
    tags = local.tags
  }
}

# Atlas API keys come from MONGODB_ATLAS_PUBLIC_KEY / MONGODB_ATLAS_PRIVATE_KEY.
provider "mongodbatlas" {}

module "stack" {
  source              = "../../modules/stack"
  environment         = local.environment
  region              = local.region
  azs                 = ["us-east-1a", "us-east-1b"]
  vpc_cidr            = "10.20.0.0/16"
  single_nat_gateway  = true
  elasticache_redis   = true
  atlas_org_id        = var.atlas_org_id
  atlas_region        = "US_EAST_1"
  atlas_instance_size = "M10"
  api_access_cidrs    = var.api_access_cidrs
  node_instance_types = ["t3.large"]
  node_capacity_type  = "ON_DEMAND"
  node_scaling        = { min = 2, desired = 2, max = 4 }
  log_retention_days  = 30
  alarm_email         = var.alarm_email
  tags                = local.tags
}
