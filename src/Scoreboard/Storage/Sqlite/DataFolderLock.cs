using System.Globalization;
using System.Text;

namespace Scoreboard.Storage.Sqlite;

/// <summary>
/// One data folder, one process: two servers on one SQLite store would each keep their own rank index and live feed,
/// and their boards would drift apart. The holder keeps <c>scoreboard.lock</c> open with an OS lock on it and its
/// process id in it; the OS drops the lock when the process ends, however it ends, so a crash leaves no stale lock.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "scoreboard.lock";

    // The lock covers one byte past the text, so a refused process can still read the holder's pid from the file.
    private const long LockedByte = 1 << 20;

    private readonly FileStream _file;

    private DataFolderLock(FileStream file, string folder)
    {
        _file = file;
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>Takes the folder, or throws <see cref="DataFolderInUseException"/> at once when another process holds it.</summary>
    public static DataFolderLock Acquire(string dataDir)
    {
        var folder = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        FileStream file;
        try
        {
            // macOS has no byte-range lock in .NET: there the whole file is opened exclusively, and the pid cannot be read.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, OperatingSystem.IsMacOS() ? FileShare.None : FileShare.ReadWrite);
        }
        catch (IOException)
        {
            throw new DataFolderInUseException(folder, "unknown");
        }

        try
        {
            if (!OperatingSystem.IsMacOS())
            {
                file.Lock(LockedByte, 1);
            }
        }
        catch (IOException)
        {
            var holder = ReadHolder(file);
            file.Dispose();
            throw new DataFolderInUseException(folder, holder);
        }

        file.SetLength(0);
        file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        file.Flush();
        return new DataFolderLock(file, folder);
    }

    public void Dispose() => _file.Dispose();

    private static string ReadHolder(FileStream file)
    {
        try
        {
            var buffer = new byte[32];
            file.Position = 0;
            var read = file.Read(buffer);
            var text = Encoding.ASCII.GetString(buffer, 0, read).Trim();
            return text.Length > 0 && text.All(char.IsAsciiDigit) ? text : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

/// <summary>The data folder is held by another process; the message is the one line the operator sees.</summary>
public sealed class DataFolderInUseException(string folder, string holder)
    : Exception($"the data folder {folder} is in use by process {holder}; stop that process or set SCOREBOARD_DATA_DIR to another folder.")
{
    public string Folder { get; } = folder;
}
