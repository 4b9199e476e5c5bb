using System.Net;
using Bright.Testing;

namespace Bright.Server.Tests.Health;

[TestFixture]
public sealed class HealthTests
{
    [Test]
    public async Task Live_and_ready_answer_200_without_a_token_once_the_store_is_open()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client(null);

        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
