output "app_role_arn" {
  description = "Annotate the app's ServiceAccount with this (eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.app.arn
}

output "lb_controller_role_arn" {
  description = "Annotate the AWS Load Balancer Controller's ServiceAccount with this."
  value       = aws_iam_role.lb_controller.arn
}
