//! positions: what countries and organisations have said, extracted from news articles.
