"""The Solr (SolrCloud) engine: Sift's documents, query language, facets and snippets on a
Solr collection whose configset lives in indexer/engines/solr/configset (see
indexer.engines.solr.schema)."""
