output "vpc_id" {
  description = "The VPC's id."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "The VPC's IPv4 range."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets (ALB, NAT)."
  value       = aws_subnet.public[*].id
}

output "public_subnet_cidrs" {
  description = "Public subnet ranges: the NetworkPolicy admits the ALB from these."
  value       = aws_subnet.public[*].cidr_block
}

output "private_subnet_ids" {
  description = "Private subnets (EKS nodes and pods)."
  value       = aws_subnet.private[*].id
}

output "data_subnet_ids" {
  description = "Data subnets (Atlas PrivateLink endpoint, ElastiCache)."
  value       = aws_subnet.data[*].id
}

output "data_subnet_cidrs" {
  description = "Data subnet ranges: the pods' only egress besides DNS."
  value       = aws_subnet.data[*].cidr_block
}
