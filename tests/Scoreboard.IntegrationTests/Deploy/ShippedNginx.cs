using System.Diagnostics;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Deploy;

/// <summary>
/// Debian's nginx running <c>deploy/nginx/scoreboard.conf</c> as shipped, inside a minimal nginx.conf; only the
/// upstream address, the listening port and the log path are pointed at the test's own.
/// </summary>
public sealed class ShippedNginx : IAsyncDisposable
{
    public static readonly string SiteFile = Path.Combine(RepositoryPaths.Root, "deploy", "nginx", "scoreboard.conf");

    private readonly Process _process;

    private ShippedNginx(Process process, string root, int port) => (_process, Root, Port) = (process, root, port);

    public string Root { get; }

    public int Port { get; }

    public string AccessLog => Path.Combine(Root, "access.log");

    public static string Nginx => new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx is not installed: run `bash scripts/test.sh`, which installs it.");

    /// <summary>A folder with an nginx.conf that includes <paramref name="site"/>; temp files and the pid stay inside it.</summary>
    public static async Task<string> ConfigureAsync(string root, string site)
    {
        await Shell.RunAsync("chmod", "755", root); // as root, nginx's workers run as nobody and must still reach the folder
        var conf = Path.Combine(root, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            daemon off;
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 256; }
            http {
                client_body_temp_path {{root}}/client_body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
                include {{site}};
            }
            """);
        return conf;
    }

    public static async Task<ShippedNginx> StartAsync(Uri upstream)
    {
        var root = Directory.CreateTempSubdirectory("scoreboard-deploy-nginx-").FullName;
        var port = FreePort.Next();
        var site = await File.ReadAllTextAsync(SiteFile);
        var local = Replace(Replace(Replace(site, "server 127.0.0.1:3000;", $"server {upstream.Host}:{upstream.Port};"),
            "listen 80;", $"listen 127.0.0.1:{port};"), "/var/log/nginx/scoreboard.access.log", Path.Combine(root, "access.log"));
        await File.WriteAllTextAsync(Path.Combine(root, "site.conf"), local);
        await ConfigureAsync(root, Path.Combine(root, "site.conf"));

        return new ShippedNginx(await NginxServer.LaunchAsync(Nginx, root, port), root, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Fails when the shipped file no longer has the line the test points elsewhere, rather than testing something else.</summary>
    private static string Replace(string text, string shipped, string local) =>
        text.Contains(shipped, StringComparison.Ordinal) ? text.Replace(shipped, local, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/nginx/scoreboard.conf no longer contains '{shipped}'.");
}
