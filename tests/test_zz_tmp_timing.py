import time
from tests.builders_beveiliging import pagina_urls
from tests.conftest import client_voor

def test_timing(world):
    client = client_voor(world, "coordinator")
    t = time.perf_counter()
    urls = pagina_urls(world, "coordinator")
    print("build", time.perf_counter() - t)
    for naam, url in urls:
        t = time.perf_counter()
        client.get(url)
        d = time.perf_counter() - t
        if d > 0.2:
            print(naam, url, round(d, 2))
