output "cluster_name" {
  description = "aws eks update-kubeconfig --name <this>."
  value       = module.eks.cluster_name
}

output "app_role_arn" {
  description = "IRSA role for the app's ServiceAccount (k8s/overlays/<env>/patches.yaml)."
  value       = module.iam.app_role_arn
}

output "lb_controller_role_arn" {
  description = "IRSA role for the AWS Load Balancer Controller."
  value       = module.iam.lb_controller_role_arn
}

output "public_subnet_cidrs" {
  description = "The ALB's subnets, admitted by the app's NetworkPolicy."
  value       = module.vpc.public_subnet_cidrs
}

output "data_subnet_cidrs" {
  description = "MongoDB and Redis live here; the app's only egress besides DNS."
  value       = module.vpc.data_subnet_cidrs
}

output "app_log_group" {
  description = "CloudWatch log group for the app's logs."
  value       = module.monitoring.app_log_group
}
