"""Django's Redis cache with one redis-py client per connection pool, made once.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache call, and redis-py
builds its table of some 165 response callbacks in each constructor (redis/redis-py#3624).
A page makes up to six cache calls (its session, cached counts and filter choices): 1.5 ms
of a 15 ms page. One client can serve every thread, as it takes a connection from its pool
per command.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}  # per pool: its id, as the pools live as long as this

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
