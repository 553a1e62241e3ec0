output "private_srv_host" {
  description = "The cluster's PrivateLink SRV host; MONGODB_URI is mongodb+srv://studysync-app:<password>@<this>/studysync."
  value = replace(
    one([for cs in mongodbatlas_advanced_cluster.this.connection_strings[0].private_endpoint : cs.srv_connection_string if length(cs.endpoints) > 0]),
    "mongodb+srv://", ""
  )
}

output "project_id" {
  description = "The Atlas project."
  value       = mongodbatlas_project.this.id
}
