namespace Vigil.Server.Observability.Resources;

/// <summary>The data dir's size (its files, recursively, up to <see cref="MaxFiles"/>) and its filesystem's free and total space.</summary>
public readonly record struct DiskUsage(long DataBytes, long FreeBytes, long CapacityBytes)
{
    /// <summary>Files counted at most: the data dir holds a database and its journal, so this is never reached in practice.</summary>
    public const int MaxFiles = 10_000;

    public static DiskUsage Of(string dataDir)
    {
        long data = 0;
        long free = 0;
        long capacity = 0;
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var file in new DirectoryInfo(dataDir).EnumerateFiles("*", options).Take(MaxFiles))
                data += SizeOf(file);
            // On Unix any path works: the space is that of the filesystem holding it.
            var drive = new DriveInfo(Path.GetFullPath(dataDir));
            free = drive.AvailableFreeSpace;
            capacity = drive.TotalSize;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A data dir that vanished or cannot be read shows as zeros; storage health reports the real problem.
        }
        return new DiskUsage(data, free, capacity);
    }

    private static long SizeOf(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (FileNotFoundException)
        {
            return 0; // a journal that went away mid-walk
        }
    }
}
