using Bright.Server.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bright.Server.Hosting;

/// <summary>Once listening, prints where BRIGHT is, the local administrator token and the wallboard URL.</summary>
internal sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, LocalTokenRegistry tokens) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        var lines = new List<string> { "", $"BRIGHT is running on {address}" };
        if (tokens.Administrator is { } admin)
        {
            lines.Add($"  Administrator token : {admin.Token}");
            lines.Add($"  Sign in             : {address}/  (paste the token)");
            lines.Add($"  Jobs dashboard      : {address}/jobs?access_token={admin.Token}");
        }

        if (tokens.Wallboard is { } wallboard)
        {
            lines.Add($"  Wallboard           : {address}/wallboard/{wallboard.Dashboard}?access_token={wallboard.Token}");
        }

        lines.Add("");
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
