package storage

// The bucket drivers the server links: each registers its URL scheme with
// gocloud.dev/blob. Add a driver here, and only here, when the README
// promises its scheme (s3blob takes s3:// URLs, S3 and S3-compatible servers);
// each brings its cloud's SDK into the plp binary, so measure it first
// (docs/BENCHMARKS.md, "Server binary"). cmd/plp's TestServerLinksOnlyTheServer
// lists the drivers it allows.
import (
	_ "gocloud.dev/blob/fileblob" // file:// buckets
	_ "gocloud.dev/blob/memblob"  // mem:// buckets
	_ "gocloud.dev/blob/s3blob"   // s3:// buckets (S3 and S3-compatible servers)
)
