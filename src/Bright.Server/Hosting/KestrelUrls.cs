using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Bright.Server.Hosting;

internal static class KestrelUrls
{
    /// <summary>
    /// Binds each URL of a <c>;</c>-separated list (<c>http://127.0.0.1:5080</c>, <c>http://*:80</c>,
    /// <c>http://localhost:5080</c>) as ASP.NET Core's URL setting would.
    /// </summary>
    /// <exception cref="InvalidOperationException">A URL cannot be bound; the message names it and the fix.</exception>
    public static void ListenUrls(this KestrelServerOptions kestrel, string urls)
    {
        foreach (var text in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var wildcard = text.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(wildcard, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new InvalidOperationException(
                    $"Cannot listen on '{text}' (ASPNETCORE_URLS / --urls): give http://host:port, e.g. http://127.0.0.1:5080. Terminate TLS at the trust's reverse proxy.");
            }

            if (uri.IsLoopback && uri.Host == "localhost")
            {
                kestrel.ListenLocalhost(uri.Port);
            }
            else if (uri.Host == "0.0.0.0")
            {
                kestrel.ListenAnyIP(uri.Port);
            }
            else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
            {
                kestrel.Listen(address, uri.Port);
            }
            else
            {
                throw new InvalidOperationException($"Cannot listen on '{text}': use an IP address, localhost or *, not a host name.");
            }
        }
    }
}
