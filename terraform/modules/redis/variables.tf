variable "name" {
  description = "Replication group id prefix, e.g. studysync-prod."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "vpc_id" {
  description = "The VPC."
  type        = string
}

variable "subnet_ids" {
  description = "The data subnets (two AZs)."
  type        = list(string)
  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "At least two subnets are needed for a Multi-AZ replica."
  }
}

variable "client_security_group_id" {
  description = "The only security group allowed to connect (the EKS cluster security group)."
  type        = string
}

variable "node_type" {
  description = "ElastiCache node type; the event bus is pub/sub only, so small nodes suffice."
  type        = string
  default     = "cache.t4g.small"
  validation {
    condition     = startswith(var.node_type, "cache.")
    error_message = "node_type must be an ElastiCache node type (cache.*)."
  }
}

variable "replicas" {
  description = "Read replicas beside the primary (1 or more gives Multi-AZ failover)."
  type        = number
  default     = 1
  validation {
    condition     = var.replicas >= 0 && var.replicas <= 5
    error_message = "replicas must be between 0 and 5."
  }
}

variable "auth_token" {
  description = "The AUTH token clients send (also stored in the app's secret as part of REDIS_URL)."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.auth_token) >= 32 && length(var.auth_token) <= 128
    error_message = "auth_token must be 32-128 characters."
  }
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}
