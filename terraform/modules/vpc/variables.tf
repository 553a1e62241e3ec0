variable "name" {
  description = "Prefix for every resource name, e.g. studysync-prod."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "cidr" {
  description = "The VPC's IPv4 range; a /16 split into public, private and data subnets over two AZs."
  type        = string
  validation {
    condition     = can(cidrhost(var.cidr, 0)) && endswith(var.cidr, "/16")
    error_message = "cidr must be an IPv4 /16, e.g. 10.30.0.0/16."
  }
}

variable "azs" {
  description = "Exactly two availability zones."
  type        = list(string)
  validation {
    condition     = length(var.azs) == 2
    error_message = "azs must name exactly two availability zones."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for both AZs (cheaper, for dev) instead of one per AZ."
  type        = bool
  default     = false
}

variable "cluster_name" {
  description = "The EKS cluster that places load balancers in these subnets (subnet discovery tags)."
  type        = string
}

variable "tags" {
  description = "Extra tags on every resource (cost allocation tags come from the provider's default_tags)."
  type        = map(string)
  default     = {}
}
