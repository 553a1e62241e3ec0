variable "environment" {
  description = "dev, staging or prod."
  type        = string
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "region" {
  description = "AWS region the providers are configured for; the azs must be in it."
  type        = string
  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like us-east-1."
  }
}

variable "azs" {
  description = "Two availability zones in the region."
  type        = list(string)
  validation {
    condition     = alltrue([for az in var.azs : startswith(az, var.region)])
    error_message = "azs must be in the region."
  }
}

variable "vpc_cidr" {
  description = "The VPC's /16 (k8s/overlays/<env> NetworkPolicies use its public and data subnets)."
  type        = string
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per AZ (dev and staging save the cost)."
  type        = bool
}

variable "elasticache_redis" {
  description = "ElastiCache for the event bus (staging, prod); dev runs Redis in the cluster."
  type        = bool
}

variable "atlas_org_id" {
  description = "MongoDB Atlas organization id (set in the pipeline's environment, TF_VAR_atlas_org_id)."
  type        = string
}

variable "atlas_region" {
  description = "Atlas region name, e.g. US_EAST_1."
  type        = string
}

variable "atlas_instance_size" {
  description = "Atlas tier."
  type        = string
}

variable "api_access_cidrs" {
  description = "CIDRs allowed to reach the Kubernetes API publicly (empty: private endpoint only)."
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  description = "EKS node instance types."
  type        = list(string)
}

variable "node_capacity_type" {
  description = "ON_DEMAND or SPOT."
  type        = string
}

variable "node_scaling" {
  description = "EKS node group min, desired, max."
  type = object({
    min     = number
    desired = number
    max     = number
  })
}

variable "log_retention_days" {
  description = "CloudWatch log retention."
  type        = number
}

variable "tags" {
  description = "Cost allocation tags (also the AWS provider's default_tags in the root): Project, Environment, CostCenter, ManagedBy."
  type        = map(string)
  validation {
    condition     = alltrue([for k in ["Project", "Environment", "CostCenter", "ManagedBy"] : contains(keys(var.tags), k)])
    error_message = "tags must include Project, Environment, CostCenter and ManagedBy."
  }
  validation {
    condition     = length(lookup(var.tags, "CostCenter", "")) > 0
    error_message = "the CostCenter tag must not be empty."
  }
}

variable "alarm_email" {
  description = "Where CloudWatch alarms go (empty: nowhere yet)."
  type        = string
  default     = ""
}
