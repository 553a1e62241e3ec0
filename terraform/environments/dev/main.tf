# The dev environment (its own AWS account): providers, cost allocation tags and this
# environment's values for the shared composition in modules/stack.
locals {
  environment = "dev"
  region      = "us-east-1"
  tags = {
    Project     = "studysync"
    Environment = local.environment
    CostCenter  = "studysync-dev"
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
  vpc_cidr            = "10.10.0.0/16"
  single_nat_gateway  = true
  elasticache_redis   = false
  atlas_org_id        = var.atlas_org_id
  atlas_region        = "US_EAST_1"
  atlas_instance_size = "M10"
  api_access_cidrs    = var.api_access_cidrs
  node_instance_types = ["t3.large"]
  node_capacity_type  = "SPOT"
  node_scaling        = { min = 1, desired = 2, max = 3 }
  log_retention_days  = 14
  alarm_email         = var.alarm_email
  tags                = local.tags
}
