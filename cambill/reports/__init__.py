"""Reports: resources used and services rendered, exports. Reads only, no models."""
