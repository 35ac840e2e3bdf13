using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// A real nginx (Debian's package) on a free loopback port, reverse-proxying to one server as a site's load balancer
/// would: X-Forwarded-For, WebSocket upgrade, and no buffering so SSE streams through. Its connections to the server
/// leave from <see cref="SourceAddress"/>, so the server can tell it from a client connecting directly from 127.0.0.1.
/// Everything (config, pid, logs, temp files) is in a temporary folder removed on dispose.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    public const string SourceAddress = "127.0.0.2";

    private readonly Process _process;
    private readonly string _root;

    private NginxServer(Process process, string root, int port) => (_process, _root, Port) = (process, root, port);

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public static async Task<NginxServer> StartAsync(Uri upstream)
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: run `bash scripts/test.sh`, which installs it.");
        var root = Directory.CreateTempSubdirectory("scoreboard-nginx-").FullName;
        // As root, nginx's workers run as nobody and must still reach the folder.
        await Shell.RunAsync("chmod", "755", root);
        var port = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(root, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path {{root}}/client_body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://{{upstream.Host}}:{{upstream.Port}};
                        proxy_bind {{SourceAddress}};
                        proxy_http_version 1.1;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_buffering off;
                        proxy_read_timeout 1h;
                    }
                }
            }
            """);

        var process = await LaunchAsync(nginx, root, port);
        return new NginxServer(process, root, port);
    }

    /// <summary>Runs nginx on a configuration in <paramref name="root"/> until it accepts on <paramref name="port"/>.</summary>
    public static async Task<Process> LaunchAsync(string nginx, string root, int port)
    {
        var start = new ProcessStartInfo(nginx, ["-p", root, "-c", Path.Combine(root, "nginx.conf"), "-e", Path.Combine(root, "error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        try
        {
            await Waiting.UntilAsync(() => Accepts(port) || process.HasExited, TimeSpan.FromSeconds(20), "nginx to listen");
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            }
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            Directory.Delete(root, recursive: true);
            throw;
        }

        return process;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
