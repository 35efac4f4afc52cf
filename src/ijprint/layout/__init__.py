"""Page specs + an injected text-measuring function -> frozen positioned boxes (the mind map; fact-table columns, lines and pages); pure geometry that draws nothing and loads no fonts."""
