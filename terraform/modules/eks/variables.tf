variable "name" {
  description = "The cluster's name, e.g. studysync-prod."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version (the manifests are checked against 1.34)."
  type        = string
  default     = "1.34"
  validation {
    condition     = can(regex("^1\\.(3[2-9])$", var.kubernetes_version))
    error_message = "kubernetes_version must be 1.32 or newer (the Deployment uses the preStop sleep action)."
  }
}

variable "private_subnet_ids" {
  description = "Subnets for the nodes and the control plane's network interfaces."
  type        = list(string)
  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "At least two private subnets (two AZs) are needed."
  }
}

variable "public_access_cidrs" {
  description = "Who may reach the Kubernetes API endpoint from the internet (operators, CI runners); empty means private only."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for c in var.public_access_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "public_access_cidrs must be CIDRs and never 0.0.0.0/0."
  }
}

variable "node_instance_types" {
  description = "Instance types of the managed node group."
  type        = list(string)
  default     = ["t3.large"]
}

variable "node_capacity_type" {
  description = "ON_DEMAND or SPOT."
  type        = string
  default     = "ON_DEMAND"
  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.node_capacity_type)
    error_message = "node_capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "node_scaling" {
  description = "Node group size: min, desired, max."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  validation {
    condition     = var.node_scaling.min >= 1 && var.node_scaling.min <= var.node_scaling.desired && var.node_scaling.desired <= var.node_scaling.max
    error_message = "node_scaling needs 1 <= min <= desired <= max."
  }
}

variable "log_retention_days" {
  description = "Retention of the control plane's CloudWatch logs."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}
