"""The Plans tab: road map, baseline and barriers, reviews, contract."""
