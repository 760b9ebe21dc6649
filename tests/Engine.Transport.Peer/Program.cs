using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;
using Engine.Transport.Liveness;
using Engine.Transport.Peer;

// Usage (driven by tests/Engine.Transport.Tests):
//   produce <file> <producerId> <count>   write count messages to ingress, retrying on back-pressure
//   receive <file> <count>                wait for "go" on stdin, then read egress until count messages or a lap
//   hang <file>                           register, heartbeat until killed
//   silent <file>                         register, heartbeat once, then stay alive without heartbeats
string mode = args[0];
using TransportFile transport = TransportFile.OpenForClient(args[1]);
using ClientSlot slot = transport.Clients.Register($"peer-{mode}") ?? throw new InvalidOperationException("client table full");
Console.WriteLine($"registered {slot.ClientId}");

switch (mode)
{
    case "produce":
    {
        int producer = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        long count = long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        Span<byte> message = stackalloc byte[PeerMessage.Length];
        long backPressured = 0;
        for (long sequence = 0; sequence < count; sequence++)
        {
            PeerMessage.Write(message, producer, sequence);
            while (transport.Ingress.Write(PeerMessage.Type, message) == OfferResult.BackPressured)
            {
                backPressured++;
                Thread.SpinWait(16);
            }

            if ((sequence & 0xFFFF) == 0)
            {
                slot.Heartbeat();
            }
        }

        Console.WriteLine($"produced {count} backpressured {backPressured}");
        break;
    }

    case "receive":
    {
        long count = long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var receiver = new BroadcastReceiver(transport.EgressBuffer);
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        byte[] scratch = new byte[transport.EgressCapacity / 8];
        long received = 0;
        while (received < count)
        {
            ReceiveResult result = receiver.TryReceive(scratch, out _, out _);
            if (result == ReceiveResult.Lapped)
            {
                Console.WriteLine($"lapped after {received}");
                return 0;
            }

            if (result == ReceiveResult.Message)
            {
                received++;
            }
            else
            {
                Thread.Yield();
            }
        }

        Console.WriteLine($"received {received}");
        break;
    }

    case "hang":
        while (true)
        {
            slot.Heartbeat();
            Thread.Sleep(10);
        }

    case "silent":
        slot.Heartbeat();
        Thread.Sleep(Timeout.Infinite);
        break;

    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}

return 0;
