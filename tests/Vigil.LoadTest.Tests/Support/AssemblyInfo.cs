// Load tests measure time on a 2-core machine: two at once would measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
