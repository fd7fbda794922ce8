"""The domain of Rectify (整改通): problems found in service halls and their rectification."""
