"""The Solr (SolrCloud) engine: Sift's documents, query language, facets and snippets on a
Solr collection whose configset lives in indexer/solr/configset (see indexer.solr_configset)."""
