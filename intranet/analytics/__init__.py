"""What sharing and referring yield: figures, the funnel, engagement and periods."""
