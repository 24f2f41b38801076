Just some words without a header
