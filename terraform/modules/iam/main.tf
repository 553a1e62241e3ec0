# IRSA: each Kubernetes ServiceAccount gets its own role, trusted only for that account.
locals {
  service_accounts = {
    # The Secrets Store CSI driver reads the app's secret as the pod's ServiceAccount.
    app = "system:serviceaccount:${var.app_namespace}:studysync"
    lb  = "system:serviceaccount:kube-system:aws-load-balancer-controller"
  }
}

data "aws_iam_policy_document" "assume" {
  for_each = local.service_accounts
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:sub"
      values   = [each.value]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "${var.name}-app"
  assume_role_policy = data.aws_iam_policy_document.assume["app"].json
  tags               = var.tags
}

# Read one secret, decrypt with its key, nothing else.
data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [var.app_secret_arn]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [var.app_secret_kms_key_arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

data "aws_region" "current" {}

resource "aws_iam_role_policy" "app" {
  name   = "read-app-secret"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}

resource "aws_iam_role" "lb_controller" {
  name               = "${var.name}-aws-load-balancer-controller"
  assume_role_policy = data.aws_iam_policy_document.assume["lb"].json
  tags               = var.tags
}

# The AWS Load Balancer Controller's permissions, from its published iam_policy.json
# (v2.x); review this file when upgrading the controller.
resource "aws_iam_policy" "lb_controller" {
  name   = "${var.name}-aws-load-balancer-controller"
  policy = file("${path.module}/lb-controller-policy.json")
  tags   = var.tags
}

resource "aws_iam_role_policy_attachment" "lb_controller" {
  role       = aws_iam_role.lb_controller.name
  policy_arn = aws_iam_policy.lb_controller.arn
}
