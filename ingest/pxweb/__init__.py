"""PxWeb (PxWebApi 2.0 and v1): selections, limits and the HTTP client."""
