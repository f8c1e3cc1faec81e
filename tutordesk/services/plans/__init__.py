"""Road-map plans: versions, stages and goals, the baseline, reviews, the contract and the review record."""
