using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Scoreboard.Web;

/// <summary>
/// <c>settings.json</c> in the data folder, watched: settings an operator changes while the server runs (such as
/// <c>Scoreboard:Live:Enabled</c>) without touching the installed files. It ranks above appsettings*.json and below
/// environment variables and the command line, like any settings file.
/// </summary>
internal static class RuntimeSettings
{
    public const string FileName = "settings.json";

    public static void AddRuntimeSettingsFile(this WebApplicationBuilder builder)
    {
        var folder = Path.GetFullPath(builder.Configuration["Scoreboard:Storage:DataDir"] is { Length: > 0 } dir ? dir : "data");
        Directory.CreateDirectory(folder);
        var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        var lastFile = sources.Select((source, index) => (source, index)).Where(s => s.source is JsonConfigurationSource).Select(s => s.index).DefaultIfEmpty(-1).Max();
        sources.Insert(lastFile + 1, new JsonConfigurationSource
        {
            Path = FileName,
            Optional = true,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(folder),
        });
    }
}
