"""The search engines behind Sift's search service, side by side: ``whoosh`` (embedded, the
default) and ``solr`` (a SolrCloud cluster). Each reads the same document records and answers
the same requests (:mod:`indexer.service`); nothing outside this package imports Whoosh's
search or Solr's client."""
