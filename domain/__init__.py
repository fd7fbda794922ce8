"""The domain of Rectify (整改通): problems found in public-service halls and their rectification."""
